import csv, json, subprocess, sys, collections
import os
HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.path.join(HERE, '..', '..', '..', '..', 'shared', 'data')  # ../shared beside the repository
cell = {r['\ufeffId']: r['Text Tweet'] for r in csv.DictReader(open(os.path.join(SHARED, 'indonesian', 'dataset_tweet_sentiment_cellular_service_provider.csv'), encoding='utf-8'))}
items = []
for line in open(os.path.join(HERE, 'indonesian.tsv'), encoding='utf-8'):
    if line.startswith('#'): continue
    src, key, intents, needs = line.rstrip('\n').split('\t')
    text = key if src == 'text' else cell[key]
    if len(sys.argv) > 2 and (src == 'held-out') != (sys.argv[2] == 'held'): continue
    items.append((text, [] if intents == '-' else intents.split(','), needs == '1', src))
out = subprocess.run([sys.argv[1], 'analyze', '--intent'], input='\n'.join(t for t, *_ in items) + '\n', capture_output=True, text=True).stdout.strip().split('\n')
res = [json.loads(l) for l in out]
intents = ['complaint','question','request','feedback','praise','deal','thanks','spam']
for it in intents:
    tp = sum(1 for (t, g, n, s), r in zip(items, res) if it in g and it in r['intents'])
    fp = sum(1 for (t, g, n, s), r in zip(items, res) if it not in g and it in r['intents'])
    fn = sum(1 for (t, g, n, s), r in zip(items, res) if it in g and it not in r['intents'])
    print(f"{it:10} gold {tp+fn:3} P {tp/(tp+fp) if tp+fp else float('nan'):.2f} R {tp/(tp+fn) if tp+fn else float('nan'):.2f}")
acc = sum(1 for (t, g, n, s), r in zip(items, res) if n == r['needs_reply']) / len(items)
prim = sum(1 for (t, g, n, s), r in zip(items, res) if (g[0] if g else None) == r['intent']) / len(items)
print(f"needs reply accuracy {acc:.3f}; primary {prim:.3f}; n {len(items)}")
for (t, g, n, s), r in zip(items, res):
    if s == 'held-out': continue
    if n != r['needs_reply'] or (g[:1] != ([r['intent']] if r['intent'] else [])):
        print('  ', s, g, n, '→', r['intents'], r['needs_reply'], '|', t[:70], '|', r['why'][:60])
