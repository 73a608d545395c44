// The system's SQLite (libsqlite3-dev), whose C API the store's database layer calls directly.
#include <sqlite3.h>
