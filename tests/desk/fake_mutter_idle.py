#!/usr/bin/python3
"""A stand-in for GNOME's idle monitor, for tests/desk/desk_test.sh.

Owns org.gnome.Mutter.IdleMonitor on the session bus and answers GetIdletime at
/org/gnome/Mutter/IdleMonitor/Core the way Mutter does (milliseconds since the last input, as
a uint64). The test decides what "input" is: SetActive(true) means the person is typing
right now (idle time 0); SetActive(false) means they stopped, and the idle time grows from
that moment. It starts idle. Calls to GetIdletime are counted (Calls) so the test can see
that unknot really asked.

Usage: fake_mutter_idle.py  (on the session bus of DBUS_SESSION_BUS_ADDRESS)
"""
import time

import gi

gi.require_version("Gio", "2.0")
from gi.repository import Gio, GLib  # noqa: E402

NAME = "org.gnome.Mutter.IdleMonitor"
PATH = "/org/gnome/Mutter/IdleMonitor/Core"
INTROSPECTION = """
<node>
  <interface name="org.gnome.Mutter.IdleMonitor">
    <method name="GetIdletime"><arg type="t" name="idletime" direction="out"/></method>
  </interface>
  <interface name="org.unknot.test.FakeIdle">
    <method name="SetActive"><arg type="b" name="active" direction="in"/></method>
    <method name="Calls"><arg type="u" name="count" direction="out"/></method>
  </interface>
</node>
"""


class FakeIdleMonitor:
    def __init__(self):
        self.active = False
        self.idle_since = time.monotonic()
        self.calls = 0

    def idle_milliseconds(self):
        if self.active:
            return 0
        return int((time.monotonic() - self.idle_since) * 1000)

    def on_call(self, connection, sender, path, interface, method, parameters, invocation):
        if method == "GetIdletime":
            self.calls += 1
            invocation.return_value(GLib.Variant("(t)", (self.idle_milliseconds(),)))
        elif method == "SetActive":
            (active,) = parameters.unpack()
            if self.active and not active:
                self.idle_since = time.monotonic()
            self.active = active
            invocation.return_value(None)
        elif method == "Calls":
            invocation.return_value(GLib.Variant("(u)", (self.calls,)))


def main():
    monitor = FakeIdleMonitor()
    loop = GLib.MainLoop()
    bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
    node = Gio.DBusNodeInfo.new_for_xml(INTROSPECTION)
    for interface in node.interfaces:
        bus.register_object(PATH, interface, monitor.on_call, None, None)
    # Own the name only after the object is there, so whoever sees the name can call it.
    Gio.bus_own_name_on_connection(bus, NAME, Gio.BusNameOwnerFlags.NONE, None, lambda *_: loop.quit())
    loop.run()


if __name__ == "__main__":
    main()
