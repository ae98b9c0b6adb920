"""Output: record shapes (shapes), the one dispatcher (dispatch), terminal pages and tables
(terminal, chart), and safe writing (output)."""
