"""The reference peer for the SMD benchmark: scikit-learn's IsolationForest (100 trees, 256
samples, as in its documentation's defaults), Debian's python3-sklearn. Trains on train/,
scores test/ and prints, one per line, the anomaly score (higher is more anomalous) and
whether sklearn's own threshold flags the point, then the training and scoring seconds."""
import sys, time
import numpy as np
from sklearn.ensemble import IsolationForest

train_file, test_file = sys.argv[1], sys.argv[2]
train = np.loadtxt(train_file, delimiter=',')
test = np.loadtxt(test_file, delimiter=',')
t0 = time.perf_counter()
forest = IsolationForest(n_estimators=100, max_samples=256, random_state=0).fit(train)
t1 = time.perf_counter()
scores = -forest.score_samples(test)
flags = forest.predict(test) == -1
t2 = time.perf_counter()
out = sys.stdout
for s, f in zip(scores, flags):
    out.write('%.9f %d\n' % (s, 1 if f else 0))
out.write('# %.3f %.3f\n' % (t1 - t0, t2 - t1))
