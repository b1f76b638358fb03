"""Reports: the PDF (WeasyPrint, HTML templates under templates/reports/) and Excel builders
behind the export buttons. Builders take querysets the caller has already scoped."""
