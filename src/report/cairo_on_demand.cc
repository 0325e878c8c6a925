// cairo loaded when a PDF report is first drawn, not when unknot starts. Linked directly (or
// statically), cairo brings pixman, fontconfig, freetype, libpng, zlib, expat and the X11/xcb
// libraries into every `unknot` command's start-up, for the one command that draws a PDF
// (docs/performance.md, "Start-up and the desk reminder"); Debian also forbids embedding copies
// of zlib, libpng, freetype and expat (lintian's embedded-library). So unknot links this file
// instead: it defines the cairo functions report_pdf.cc calls, each forwarding to the real one
// found with dlopen/dlsym on its first call. The prototypes are cairo.h's own (a definition
// that differs does not compile), and a cairo function report_pdf.cc starts using without a
// forwarder here fails the link, naming it. The package depends on libcairo2 explicitly
// (cmake/install.cmake), since dpkg-shlibdeps cannot see a library opened at run time.
#include <cairo-pdf.h>
#include <cairo.h>
#include <dlfcn.h>

#include <cstdio>
#include <cstdlib>

namespace {

// Missing cairo is an installation fault, as it was when the loader refused to start unknot
// without it; only drawing a PDF can get here.
[[noreturn]] void cannot_load(const char* what) {
  std::fprintf(stderr, "unknot: the cairo graphics library cannot be loaded (%s); install Debian's libcairo2\n",
               what);
  std::exit(1);
}

void* libcairo() {
  static void* const handle = [] {
    void* opened = dlopen("libcairo.so.2", RTLD_NOW | RTLD_LOCAL);
    if (opened == nullptr) cannot_load(dlerror());
    return opened;
  }();
  return handle;
}

template <typename Function>
Function* real(const char* name) {
  void* address = dlsym(libcairo(), name);
  if (address == nullptr) cannot_load(dlerror());
  return reinterpret_cast<Function*>(address);
}

}  // namespace

// Each forwarder looks its function up once (a thread-safe static) and calls it.
#define UNKNOT_CAIRO_REAL(name) static auto* const forward = real<decltype(name)>(#name)

extern "C" {

cairo_surface_t* cairo_pdf_surface_create(const char* filename, double width_in_points, double height_in_points) {
  UNKNOT_CAIRO_REAL(cairo_pdf_surface_create);
  return forward(filename, width_in_points, height_in_points);
}
void cairo_pdf_surface_set_metadata(cairo_surface_t* surface, cairo_pdf_metadata_t metadata, const char* utf8) {
  UNKNOT_CAIRO_REAL(cairo_pdf_surface_set_metadata);
  forward(surface, metadata, utf8);
}
cairo_status_t cairo_surface_status(cairo_surface_t* surface) {
  UNKNOT_CAIRO_REAL(cairo_surface_status);
  return forward(surface);
}
void cairo_surface_finish(cairo_surface_t* surface) {
  UNKNOT_CAIRO_REAL(cairo_surface_finish);
  forward(surface);
}
void cairo_surface_destroy(cairo_surface_t* surface) {
  UNKNOT_CAIRO_REAL(cairo_surface_destroy);
  forward(surface);
}
const char* cairo_status_to_string(cairo_status_t status) {
  UNKNOT_CAIRO_REAL(cairo_status_to_string);
  return forward(status);
}
cairo_t* cairo_create(cairo_surface_t* target) {
  UNKNOT_CAIRO_REAL(cairo_create);
  return forward(target);
}
void cairo_destroy(cairo_t* cr) {
  UNKNOT_CAIRO_REAL(cairo_destroy);
  forward(cr);
}
void cairo_show_page(cairo_t* cr) {
  UNKNOT_CAIRO_REAL(cairo_show_page);
  forward(cr);
}
void cairo_set_source_rgb(cairo_t* cr, double red, double green, double blue) {
  UNKNOT_CAIRO_REAL(cairo_set_source_rgb);
  forward(cr, red, green, blue);
}
void cairo_set_line_width(cairo_t* cr, double width) {
  UNKNOT_CAIRO_REAL(cairo_set_line_width);
  forward(cr, width);
}
void cairo_move_to(cairo_t* cr, double x, double y) {
  UNKNOT_CAIRO_REAL(cairo_move_to);
  forward(cr, x, y);
}
void cairo_line_to(cairo_t* cr, double x, double y) {
  UNKNOT_CAIRO_REAL(cairo_line_to);
  forward(cr, x, y);
}
void cairo_rectangle(cairo_t* cr, double x, double y, double width, double height) {
  UNKNOT_CAIRO_REAL(cairo_rectangle);
  forward(cr, x, y, width, height);
}
void cairo_fill(cairo_t* cr) {
  UNKNOT_CAIRO_REAL(cairo_fill);
  forward(cr);
}
void cairo_stroke(cairo_t* cr) {
  UNKNOT_CAIRO_REAL(cairo_stroke);
  forward(cr);
}
void cairo_select_font_face(cairo_t* cr, const char* family, cairo_font_slant_t slant, cairo_font_weight_t weight) {
  UNKNOT_CAIRO_REAL(cairo_select_font_face);
  forward(cr, family, slant, weight);
}
void cairo_set_font_size(cairo_t* cr, double size) {
  UNKNOT_CAIRO_REAL(cairo_set_font_size);
  forward(cr, size);
}
void cairo_show_text(cairo_t* cr, const char* utf8) {
  UNKNOT_CAIRO_REAL(cairo_show_text);
  forward(cr, utf8);
}
void cairo_text_extents(cairo_t* cr, const char* utf8, cairo_text_extents_t* extents) {
  UNKNOT_CAIRO_REAL(cairo_text_extents);
  forward(cr, utf8, extents);
}

}  // extern "C"
