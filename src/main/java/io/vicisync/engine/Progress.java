package io.vicisync.engine;

/** How far a long command is, for whoever watches (a terminal's progress line). */
public interface Progress {
  /** Nobody watches: nothing is counted or shown. */
  Progress NONE =
      new Progress() {
        @Override
        public boolean on() {
          return false;
        }

        @Override
        public void start(long total, long done) {}

        @Override
        public void update(long done) {}

        @Override
        public void finish() {}
      };

  /** Whether anyone watches; if not, the total is not even counted. */
  boolean on();

  void start(long total, long done);

  void update(long done);

  void finish();
}
