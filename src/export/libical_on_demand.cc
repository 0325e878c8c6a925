// libical loaded when a calendar is first exported, not when unknot starts. Linked statically,
// libical brings ICU with it (its time zones), and with them about 5,000 of the relocations the
// loader applies at every start of every command, and more code to page in (docs/performance.md,
// "Start-up and the desk reminder"); linked as a shared library, libical.so.3 and ICU's three
// libraries would be loaded and relocated at every start instead. So unknot links this file: it
// defines the libical functions calendar.cc calls, each forwarding to the real one found with
// dlopen/dlsym on its first call, as report/cairo_on_demand.cc does for cairo. The prototypes
// are libical's own (a definition that differs does not compile), and a libical function
// calendar.cc starts using without a forwarder here fails the link, naming it. The package
// depends on libical3 explicitly (cmake/install.cmake): dpkg-shlibdeps cannot see it.
#include <dlfcn.h>
#include <libical/ical.h>

#include <cstdio>
#include <cstdlib>

namespace {

// Missing libical is an installation fault; only exporting a calendar can get here.
[[noreturn]] void cannot_load(const char* what) {
  std::fprintf(stderr, "unknot: the libical calendar library cannot be loaded (%s); install Debian's libical3\n",
               what);
  std::exit(1);
}

void* libical() {
  static void* const handle = [] {
    void* opened = dlopen("libical.so.3", RTLD_NOW | RTLD_LOCAL);
    if (opened == nullptr) cannot_load(dlerror());
    return opened;
  }();
  return handle;
}

template <typename Function>
Function* real(const char* name) {
  void* address = dlsym(libical(), name);
  if (address == nullptr) cannot_load(dlerror());
  return reinterpret_cast<Function*>(address);
}

}  // namespace

// Each forwarder looks its function up once (a thread-safe static) and calls it.
#define UNKNOT_ICAL_REAL(name) static auto* const forward = real<decltype(name)>(#name)

extern "C" {

void icalcomponent_add_component(icalcomponent* parent, icalcomponent* child) {
  UNKNOT_ICAL_REAL(icalcomponent_add_component);
  forward(parent, child);
}
void icalcomponent_add_property(icalcomponent* component, icalproperty* property) {
  UNKNOT_ICAL_REAL(icalcomponent_add_property);
  forward(component, property);
}
char* icalcomponent_as_ical_string_r(icalcomponent* component) {
  UNKNOT_ICAL_REAL(icalcomponent_as_ical_string_r);
  return forward(component);
}
void icalcomponent_free(icalcomponent* component) {
  UNKNOT_ICAL_REAL(icalcomponent_free);
  forward(component);
}
icalcomponent* icalcomponent_new_valarm() {
  UNKNOT_ICAL_REAL(icalcomponent_new_valarm);
  return forward();
}
icalcomponent* icalcomponent_new_vcalendar() {
  UNKNOT_ICAL_REAL(icalcomponent_new_vcalendar);
  return forward();
}
icalcomponent* icalcomponent_new_vevent() {
  UNKNOT_ICAL_REAL(icalcomponent_new_vevent);
  return forward();
}
struct icaldurationtype icaldurationtype_from_int(int t) {
  UNKNOT_ICAL_REAL(icaldurationtype_from_int);
  return forward(t);
}
void icalmemory_free_buffer(void* buf) {
  UNKNOT_ICAL_REAL(icalmemory_free_buffer);
  forward(buf);
}
icalproperty* icalproperty_new_action(enum icalproperty_action v) {
  UNKNOT_ICAL_REAL(icalproperty_new_action);
  return forward(v);
}
icalproperty* icalproperty_new_description(const char* v) {
  UNKNOT_ICAL_REAL(icalproperty_new_description);
  return forward(v);
}
icalproperty* icalproperty_new_dtstamp(struct icaltimetype v) {
  UNKNOT_ICAL_REAL(icalproperty_new_dtstamp);
  return forward(v);
}
icalproperty* icalproperty_new_dtstart(struct icaltimetype v) {
  UNKNOT_ICAL_REAL(icalproperty_new_dtstart);
  return forward(v);
}
icalproperty* icalproperty_new_duration(struct icaldurationtype v) {
  UNKNOT_ICAL_REAL(icalproperty_new_duration);
  return forward(v);
}
icalproperty* icalproperty_new_prodid(const char* v) {
  UNKNOT_ICAL_REAL(icalproperty_new_prodid);
  return forward(v);
}
icalproperty* icalproperty_new_rrule(struct icalrecurrencetype v) {
  UNKNOT_ICAL_REAL(icalproperty_new_rrule);
  return forward(v);
}
icalproperty* icalproperty_new_summary(const char* v) {
  UNKNOT_ICAL_REAL(icalproperty_new_summary);
  return forward(v);
}
icalproperty* icalproperty_new_trigger(struct icaltriggertype v) {
  UNKNOT_ICAL_REAL(icalproperty_new_trigger);
  return forward(v);
}
icalproperty* icalproperty_new_uid(const char* v) {
  UNKNOT_ICAL_REAL(icalproperty_new_uid);
  return forward(v);
}
icalproperty* icalproperty_new_version(const char* v) {
  UNKNOT_ICAL_REAL(icalproperty_new_version);
  return forward(v);
}
struct icalrecurrencetype icalrecurrencetype_from_string(const char* str) {
  UNKNOT_ICAL_REAL(icalrecurrencetype_from_string);
  return forward(str);
}
struct icaltimetype icaltime_from_string(const char* str) {
  UNKNOT_ICAL_REAL(icaltime_from_string);
  return forward(str);
}
int icaltime_is_null_time(const struct icaltimetype t) {
  UNKNOT_ICAL_REAL(icaltime_is_null_time);
  return forward(t);
}
int icaltime_is_valid_time(const struct icaltimetype t) {
  UNKNOT_ICAL_REAL(icaltime_is_valid_time);
  return forward(t);
}
struct icaltimetype icaltime_null_time() {
  UNKNOT_ICAL_REAL(icaltime_null_time);
  return forward();
}
struct icaltriggertype icaltriggertype_from_int(const int reltime) {
  UNKNOT_ICAL_REAL(icaltriggertype_from_int);
  return forward(reltime);
}

}  // extern "C"
