// libpq loaded when the clinic first needs it, not when unknot starts. Linking libpq.so.5
// directly makes every `unknot` command load it and its 17 dependencies (Kerberos, LDAP, GnuTLS
// with its start-up work): about 18 ms of CPU before main, against well under 1 ms for the
// whole of `unknot plan` otherwise (docs/performance.md). So unknot links this file instead:
// it defines the libpq functions pg.cc calls, each forwarding to the real one, found with
// dlopen/dlsym on its first call. The prototypes are libpq-fe.h's own (a definition that
// differs does not compile), and a libpq function pg.cc starts using without a forwarder
// here fails the link, naming it. The package depends on libpq5 explicitly (cmake/install.cmake),
// since dpkg-shlibdeps cannot see a library opened at run time.
#include <dlfcn.h>
#include <libpq-fe.h>

#include <cstdio>
#include <cstdlib>

namespace {

// Missing libpq is an installation fault, as it was when the loader refused to start unknot
// without it; only the clinic's commands can get here.
[[noreturn]] void cannot_load(const char* what) {
  std::fprintf(stderr, "unknot: the PostgreSQL client library cannot be loaded (%s); install Debian's libpq5\n",
               what);
  std::exit(1);
}

void* libpq() {
  static void* const handle = [] {
    void* opened = dlopen("libpq.so.5", RTLD_NOW | RTLD_LOCAL);
    if (opened == nullptr) cannot_load(dlerror());
    return opened;
  }();
  return handle;
}

template <typename Function>
Function* real(const char* name) {
  void* address = dlsym(libpq(), name);
  if (address == nullptr) cannot_load(dlerror());
  return reinterpret_cast<Function*>(address);
}

}  // namespace

// Each forwarder looks its function up once (a thread-safe static) and calls it.
#define UNKNOT_PQ_REAL(name) static auto* const forward = real<decltype(name)>(#name)

extern "C" {

PGconn* PQconnectdb(const char* conninfo) {
  UNKNOT_PQ_REAL(PQconnectdb);
  return forward(conninfo);
}
void PQfinish(PGconn* conn) {
  UNKNOT_PQ_REAL(PQfinish);
  forward(conn);
}
ConnStatusType PQstatus(const PGconn* conn) {
  UNKNOT_PQ_REAL(PQstatus);
  return forward(conn);
}
char* PQerrorMessage(const PGconn* conn) {
  UNKNOT_PQ_REAL(PQerrorMessage);
  return forward(conn);
}
PGresult* PQexec(PGconn* conn, const char* query) {
  UNKNOT_PQ_REAL(PQexec);
  return forward(conn, query);
}
PGresult* PQexecParams(PGconn* conn, const char* command, int nParams, const Oid* paramTypes,
                       const char* const* paramValues, const int* paramLengths, const int* paramFormats,
                       int resultFormat) {
  UNKNOT_PQ_REAL(PQexecParams);
  return forward(conn, command, nParams, paramTypes, paramValues, paramLengths, paramFormats, resultFormat);
}
PGresult* PQprepare(PGconn* conn, const char* stmtName, const char* query, int nParams, const Oid* paramTypes) {
  UNKNOT_PQ_REAL(PQprepare);
  return forward(conn, stmtName, query, nParams, paramTypes);
}
PGresult* PQexecPrepared(PGconn* conn, const char* stmtName, int nParams, const char* const* paramValues,
                         const int* paramLengths, const int* paramFormats, int resultFormat) {
  UNKNOT_PQ_REAL(PQexecPrepared);
  return forward(conn, stmtName, nParams, paramValues, paramLengths, paramFormats, resultFormat);
}
ExecStatusType PQresultStatus(const PGresult* res) {
  UNKNOT_PQ_REAL(PQresultStatus);
  return forward(res);
}
char* PQresultErrorMessage(const PGresult* res) {
  UNKNOT_PQ_REAL(PQresultErrorMessage);
  return forward(res);
}
char* PQresultErrorField(const PGresult* res, int fieldcode) {
  UNKNOT_PQ_REAL(PQresultErrorField);
  return forward(res, fieldcode);
}
int PQntuples(const PGresult* res) {
  UNKNOT_PQ_REAL(PQntuples);
  return forward(res);
}
int PQnfields(const PGresult* res) {
  UNKNOT_PQ_REAL(PQnfields);
  return forward(res);
}
char* PQfname(const PGresult* res, int field_num) {
  UNKNOT_PQ_REAL(PQfname);
  return forward(res, field_num);
}
char* PQgetvalue(const PGresult* res, int tup_num, int field_num) {
  UNKNOT_PQ_REAL(PQgetvalue);
  return forward(res, tup_num, field_num);
}
int PQgetlength(const PGresult* res, int tup_num, int field_num) {
  UNKNOT_PQ_REAL(PQgetlength);
  return forward(res, tup_num, field_num);
}
int PQgetisnull(const PGresult* res, int tup_num, int field_num) {
  UNKNOT_PQ_REAL(PQgetisnull);
  return forward(res, tup_num, field_num);
}
char* PQcmdTuples(PGresult* res) {
  UNKNOT_PQ_REAL(PQcmdTuples);
  return forward(res);
}
int PQsendQueryParams(PGconn* conn, const char* command, int nParams, const Oid* paramTypes,
                      const char* const* paramValues, const int* paramLengths, const int* paramFormats,
                      int resultFormat) {
  UNKNOT_PQ_REAL(PQsendQueryParams);
  return forward(conn, command, nParams, paramTypes, paramValues, paramLengths, paramFormats, resultFormat);
}
int PQsendQueryPrepared(PGconn* conn, const char* stmtName, int nParams, const char* const* paramValues,
                        const int* paramLengths, const int* paramFormats, int resultFormat) {
  UNKNOT_PQ_REAL(PQsendQueryPrepared);
  return forward(conn, stmtName, nParams, paramValues, paramLengths, paramFormats, resultFormat);
}
PGresult* PQgetResult(PGconn* conn) {
  UNKNOT_PQ_REAL(PQgetResult);
  return forward(conn);
}
int PQenterPipelineMode(PGconn* conn) {
  UNKNOT_PQ_REAL(PQenterPipelineMode);
  return forward(conn);
}
int PQexitPipelineMode(PGconn* conn) {
  UNKNOT_PQ_REAL(PQexitPipelineMode);
  return forward(conn);
}
int PQpipelineSync(PGconn* conn) {
  UNKNOT_PQ_REAL(PQpipelineSync);
  return forward(conn);
}
void PQclear(PGresult* res) {
  UNKNOT_PQ_REAL(PQclear);
  forward(res);
}

}  // extern "C"
