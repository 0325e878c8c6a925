// Test helper for tests/desk/desk_wayland_test.sh: moves the pointer of the Wayland
// compositor on $WAYLAND_DISPLAY one pixel and back, as a person nudging the mouse would, via
// KDE's org_kde_kwin_fake_input protocol (KWin offers it to clients it trusts). What xdotool
// is to the X11 test. Exit 0 once the compositor has taken the motion, 1 when it cannot.
#include <wayland-client.h>

#include <cstdio>
#include <cstring>

#include "fake-input-client-protocol.h"

namespace {

org_kde_kwin_fake_input* fake_input = nullptr;

void on_global(void*, wl_registry* registry, uint32_t name, const char* interface, uint32_t) {
  if (!fake_input && std::strcmp(interface, org_kde_kwin_fake_input_interface.name) == 0) {
    fake_input = static_cast<org_kde_kwin_fake_input*>(
        wl_registry_bind(registry, name, &org_kde_kwin_fake_input_interface, 1));
  }
}

void on_global_remove(void*, wl_registry*, uint32_t) {}

const wl_registry_listener kRegistryListener = {on_global, on_global_remove};

}  // namespace

int main() {
  wl_display* display = wl_display_connect(nullptr);
  if (!display) {
    std::fprintf(stderr, "fake_input: cannot connect to the Wayland display\n");
    return 1;
  }
  wl_registry* registry = wl_display_get_registry(display);
  wl_registry_add_listener(registry, &kRegistryListener, nullptr);
  if (wl_display_roundtrip(display) < 0 || !fake_input) {
    std::fprintf(stderr, "fake_input: the compositor offers no org_kde_kwin_fake_input\n");
    wl_display_disconnect(display);
    return 1;
  }
  org_kde_kwin_fake_input_authenticate(fake_input, "unknot tests", "simulated mouse movement");
  org_kde_kwin_fake_input_pointer_motion(fake_input, wl_fixed_from_int(1), wl_fixed_from_int(1));
  org_kde_kwin_fake_input_pointer_motion(fake_input, wl_fixed_from_int(-1), wl_fixed_from_int(-1));
  const bool taken = wl_display_roundtrip(display) >= 0;
  org_kde_kwin_fake_input_destroy(fake_input);
  wl_registry_destroy(registry);
  wl_display_disconnect(display);
  return taken ? 0 : 1;
}
