# The complaint model: logistic regression over the features `tanggap analyze --intent-features` gives (standard
# words, the cues found, the intents they carry, ?, link, handle, negation). 10 folds by row position (row i in fold
# i % 10), the same as logreg.py's plain bag of words. Then trained on the whole development part and written out.
import csv, subprocess, sys, numpy as np, collections
tanggap, data = sys.argv[1], sys.argv[2]
out = sys.argv[3] if len(sys.argv) > 3 else None
rows = list(csv.DictReader(open(data)))
texts = [r['text'].replace('\n', ' ').replace('\r', ' ') for r in rows]
lines = subprocess.run([tanggap, 'analyze', '--intent-features'], input='\n'.join(texts) + '\n',
                       capture_output=True, text=True).stdout.split('\n')[:len(rows)]
feats = [set(l.split('\t')) - {''} for l in lines]
y = np.array([1.0 if r['label'] == '1' else 0.0 for r in rows])
MIN_W = 3  # a word must be in this many texts of the training part to be a feature

def keep(ids):
    counts = collections.Counter(f for i in ids for f in feats[i])
    return sorted(f for f, c in counts.items() if not f.startswith('w:') or c >= MIN_W)

def fit(ids, vocab, l2=2.0, steps=600, lr=1.0):
    ix = {f: j for j, f in enumerate(vocab)}
    X = np.zeros((len(ids), len(vocab)))
    for r, i in enumerate(ids):
        for f in feats[i]:
            if f in ix: X[r, ix[f]] = 1
    w = np.zeros(len(vocab)); b = 0.0; t = y[ids]
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(X @ w + b)))
        w -= lr * (X.T @ (p - t) + l2 * w) / len(ids)
        b -= lr * np.mean(p - t)
    return dict(zip(vocab, w)), b

def predict(model, i):
    w, b = model
    return b + sum(w.get(f, 0.0) for f in feats[i])

tp = fp = fn = tn = 0
for k in range(10):
    train = [i for i in range(len(rows)) if i % 10 != k]
    test = [i for i in range(len(rows)) if i % 10 == k]
    model = fit(train, keep(train))
    for i in test:
        p, t = predict(model, i) > 0, y[i] == 1
        tp += p and t; fp += p and not t; fn += (not p) and t; tn += (not p) and (not t)
P, R = tp / (tp + fp), tp / (tp + fn); F = 2 * P * R / (P + R)
P0, R0 = tn / (tn + fn), tn / (tn + fp); F0 = 2 * P0 * R0 / (P0 + R0)
print(f"cues and words, logistic regression, 10 folds: complaint P {P:.3f} R {R:.3f} F1 {F:.3f}; macro F1 {(F + F0) / 2:.3f}")
if out:
    every = list(range(len(rows)))
    w, b = fit(every, keep(every))
    with open(out, 'w') as f:
        f.write(f"bias\t{b:.4f}\n")
        for name, value in sorted(w.items(), key=lambda kv: -abs(kv[1])):
            if abs(value) >= 0.05: f.write(f"{name}\t{value:.4f}\n")
