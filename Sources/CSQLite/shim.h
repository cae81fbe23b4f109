// SQLite from the system (Debian: libsqlite3-dev), for reading newsboat's cache.db.
#include <sqlite3.h>
