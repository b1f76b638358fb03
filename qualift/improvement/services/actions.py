"""Services: actions."""
