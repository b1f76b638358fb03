"""Services: nonconformities."""
