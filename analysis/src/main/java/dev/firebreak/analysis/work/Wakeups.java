package dev.firebreak.analysis.work;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * How background workers sleep until there is work: a worker notes {@link #seen()} before it
 * looks for work, and when it found none waits in {@link #await} until someone calls
 * {@link #wake()} after that point, the poll interval passes, or the workers are closed. A wake
 * that comes while the worker is busy is not lost: the next wait returns at once.
 */
public final class Wakeups {

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private long count;
  private boolean closed;

  /** The wake count now; pass it to {@link #await} after looking for work. */
  public long seen() {
    lock.lock();
    try {
      return count;
    } finally {
      lock.unlock();
    }
  }

  /** Wakes every waiting worker. */
  public void wake() {
    lock.lock();
    try {
      count++;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Waits until a wake after {@code seen}, {@link #close()}, or {@code millis} passed. */
  public void await(long seen, long millis) throws InterruptedException {
    lock.lock();
    try {
      long nanos = TimeUnit.MILLISECONDS.toNanos(millis);
      while (count == seen && !closed && nanos > 0) {
        nanos = changed.awaitNanos(nanos);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Whether a worker is waiting in {@link #await} now. */
  public boolean hasWaiters() {
    lock.lock();
    try {
      return lock.hasWaiters(changed);
    } finally {
      lock.unlock();
    }
  }

  /** Ends every wait, now and later. */
  public void close() {
    lock.lock();
    try {
      closed = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
