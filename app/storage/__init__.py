"""Storage: the database tables and the operations that read and write them (projects, saves and
revisions, ticks, accounts, review records). Above the domain, below the web."""
