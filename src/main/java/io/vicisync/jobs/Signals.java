package io.vicisync.jobs;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * Handlers for SIGTERM, SIGINT and SIGHUP in the resident {@code follow}. The JVM's own handling
 * runs shutdown hooks and exits 143 or 129; a service manager reads those as failures, and HUP must
 * reload, not exit. The JDK's handler API ({@code sun.misc.Signal}, module jdk.unsupported) is
 * reached by reflection because {@code --release 17} does not let javac see it.
 */
final class Signals {
  private Signals() {}

  /**
   * Runs {@code action} on the JVM's signal thread each time {@code name} ("TERM", "INT", "HUP")
   * arrives; false when this JVM cannot (then the default stays: TERM still ends the process).
   */
  static boolean on(String name, Runnable action) {
    try {
      Class<?> signal = Class.forName("sun.misc.Signal");
      Class<?> handler = Class.forName("sun.misc.SignalHandler");
      Constructor<?> make = signal.getConstructor(String.class);
      Object proxy =
          Proxy.newProxyInstance(
              Signals.class.getClassLoader(),
              new Class<?>[] {handler},
              (p, m, args) -> {
                if (m.getName().equals("handle")) {
                  action.run();
                  return null;
                }
                return switch (m.getName()) {
                  case "hashCode" -> System.identityHashCode(p);
                  case "equals" -> p == args[0];
                  default -> "vicisync signal handler";
                };
              });
      Method handle = signal.getMethod("handle", signal, handler);
      handle.invoke(null, make.newInstance(name), proxy);
      return true;
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return false;
    }
  }
}
