"""The reference peers for the SMD benchmark, Debian's python3-sklearn, trained on train/ and
scoring test/ in one run:

- scikit-learn's IsolationForest (100 trees, 256 samples, as in its documentation's defaults);
- PCA reconstruction error: 10 components fitted on train/, each point's error per metric
  |x - x^| (QuoVadisTAD's PCAError, Sarfraz et al., ICML 2024), scored as its Euclidean norm;
  its own threshold is the 99th percentile of the training errors.

Prints, one line per test point: the forest's score (higher is more anomalous), whether the
forest's own threshold flags it, PCA's score, whether PCA's threshold flags it, and PCA's error
per metric (its attribution); then '#' with the training and scoring seconds of each."""
import sys, time
import numpy as np
from sklearn.decomposition import PCA
from sklearn.ensemble import IsolationForest

train_file, test_file = sys.argv[1], sys.argv[2]
train = np.loadtxt(train_file, delimiter=',')
test = np.loadtxt(test_file, delimiter=',')
t0 = time.perf_counter()
forest = IsolationForest(n_estimators=100, max_samples=256, random_state=0).fit(train)
t1 = time.perf_counter()
forest_scores = -forest.score_samples(test)
forest_flags = forest.predict(test) == -1
t2 = time.perf_counter()
pca = PCA(n_components=min(10, train.shape[1]), svd_solver='full').fit(train)
train_errors = np.linalg.norm(np.abs(train - pca.inverse_transform(pca.transform(train))), axis=1)
pca_threshold = np.quantile(train_errors, 0.99)
t3 = time.perf_counter()
per_metric = np.abs(test - pca.inverse_transform(pca.transform(test)))
pca_scores = np.linalg.norm(per_metric, axis=1)
t4 = time.perf_counter()
out = sys.stdout
for i in range(len(test)):
    out.write('%.9g %d %.9g %d %s\n' % (
        forest_scores[i], 1 if forest_flags[i] else 0,
        pca_scores[i], 1 if pca_scores[i] >= pca_threshold else 0,
        ' '.join('%.6g' % e for e in per_metric[i])))
out.write('# %.3f %.3f %.3f %.3f\n' % (t1 - t0, t2 - t1, t3 - t2, t4 - t3))
