"""Budget against the accounts: reading an accounts export, reconciling it with a ledger, the report rows."""
