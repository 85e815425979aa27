package dev.firebreak.analysis.work;

/**
 * Wakes a work loop that is built after whoever queues its work: a consumer that runs a
 * worker's handler is made first, so it is handed this and the worker once both exist.
 */
public final class WorkerWake implements Runnable {

  private volatile WorkWorker target;

  public void target(WorkWorker worker) {
    this.target = worker;
  }

  @Override
  public void run() {
    WorkWorker worker = target;
    if (worker != null) {
      worker.wake();
    }
  }
}
