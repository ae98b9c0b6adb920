"""Output: JSON contract (jsonout), piped TSV (plain), terminal tables (terminal), output."""
