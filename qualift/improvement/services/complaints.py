"""Services: complaints."""
