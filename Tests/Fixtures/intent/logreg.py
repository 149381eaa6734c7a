# Plain bag-of-words logistic regression, 10 folds by row position (row i is in fold i % 10).
import csv, re, numpy as np, sys
import os
HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.path.join(HERE, '..', '..', '..', '..', 'shared', 'data')  # ../shared beside the repository
rows=list(csv.DictReader(open(sys.argv[1] if len(sys.argv)>1 else os.path.join(SHARED, 'complaints', 'dev.csv'))))
toks=[set(re.findall(r"[a-z0-9']+", r['text'].lower())) for r in rows]
y=np.array([1.0 if r['label']=='1' else 0.0 for r in rows])
def fit(X, y, l2=1.0, steps=400, lr=0.5):
    w=np.zeros(X.shape[1]); b=0.0
    for _ in range(steps):
        p=1/(1+np.exp(-(X@w+b))); g=X.T@(p-y)/len(y)+l2*w/len(y); w-=lr*g*5; b-=lr*np.mean(p-y)*5
    return w,b
tp=fp=fn=tn=0
for k in range(10):
    tr=[i for i in range(len(rows)) if i%10!=k]; te=[i for i in range(len(rows)) if i%10==k]
    vocab=sorted(set().union(*[toks[i] for i in tr])); ix={w:j for j,w in enumerate(vocab)}
    def mat(ids):
        X=np.zeros((len(ids),len(vocab)))
        for r,i in enumerate(ids):
            for t in toks[i]:
                if t in ix: X[r,ix[t]]=1
        return X
    w,b=fit(mat(tr),y[tr])
    p=(mat(te)@w+b)>0
    for pi,yi in zip(p,y[te]):
        if pi and yi: tp+=1
        elif pi: fp+=1
        elif yi: fn+=1
        else: tn+=1
P=tp/(tp+fp); R=tp/(tp+fn); F=2*P*R/(P+R); P0=tn/(tn+fn); R0=tn/(tn+fp); F0=2*P0*R0/(P0+R0)
print(f"logistic regression, bag of words, 10 folds: complaint P {P:.3f} R {R:.3f} F1 {F:.3f}; macro F1 {(F+F0)/2:.3f}")
