// A thin libpq wrapper: one connection, parameterized statements only, every result checked.
#pragma once

#include <libpq-fe.h>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace pg_dunning {

class DbError : public std::runtime_error {
  public:
	DbError(const std::string &message, std::string sqlstate)
		: std::runtime_error(message), sqlstate_(std::move(sqlstate)) {}
	const std::string &SqlState() const { return sqlstate_; }

  private:
	std::string sqlstate_;
};

// The rows of a statement as text; NULL reads as "".
struct Rows {
	std::vector<std::vector<std::string>> rows;
	std::vector<std::vector<bool>> nulls;
	size_t size() const { return rows.size(); }
};

class Db {
  public:
	// keywords/values as PQconnectdbParams takes them (dbname may be a conninfo string or URI);
	// the PG* environment and ~/.pgpass apply as for every libpq client.
	Db(const std::vector<std::pair<std::string, std::string>> &parameters);
	~Db();
	Db(const Db &) = delete;
	Db &operator=(const Db &) = delete;

	Rows Exec(const std::string &sql, const std::vector<std::optional<std::string>> &params = {});
	PGconn *Conn() { return conn_; }

  private:
	PGconn *conn_ = nullptr;
};

} // namespace pg_dunning
