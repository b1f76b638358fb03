"""Goals, responsibilities, leadership and motivation (issue 5)."""
