import csv, json, subprocess, sys
import os
HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.path.join(HERE, '..', '..', '..', '..', 'shared', 'data')  # ../shared beside the repository
rows=list(csv.DictReader(open(os.path.join(SHARED, 'complaints', 'dev.csv'))))
texts=[r['text'].replace('\n',' ').replace('\r',' ') for r in rows]
out=subprocess.run([sys.argv[1],'analyze','--intent'],input='\n'.join(texts)+'\n',capture_output=True,text=True).stdout.strip().split('\n')
assert len(out)==len(rows),(len(out),len(rows))
res=[json.loads(l) for l in out]
tp=fp=fn=tn=0
errs=[]
for r,x in zip(rows,res):
    y=r['label']=='1'; p='complaint' in x['intents']
    if y and p: tp+=1
    elif p: fp+=1; errs.append(('FP',r['domain'],r['text'][:110],x['why'][:80]))
    elif y: fn+=1; errs.append(('FN',r['domain'],r['text'][:110],x['why'][:80]))
    else: tn+=1
P=tp/(tp+fp); R=tp/(tp+fn); F=2*P*R/(P+R)
# macro
P0=tn/(tn+fn); R0=tn/(tn+fp); F0=2*P0*R0/(P0+R0)
print(f"complaint P {P:.3f} R {R:.3f} F1 {F:.3f}; macro F1 {(F+F0)/2:.3f}; tp {tp} fp {fp} fn {fn} tn {tn}")
if len(sys.argv)>2:
    import random; random.seed(1)
    for e in random.sample(errs, min(40,len(errs))): print(e)
