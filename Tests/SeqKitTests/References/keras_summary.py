"""Keras' own parameter counts for the models SeqKit's summary() must match.

Run once by hand (any Keras 3 backend; torch is used here) and commit the JSON:

    KERAS_BACKEND=torch python3 Tests/SeqKitTests/References/keras_summary.py
"""
import contextlib
import io
import json
import os
import platform

os.environ.setdefault("KERAS_BACKEND", "torch")
import keras  # noqa: E402
from keras import layers  # noqa: E402


def counts(name, model):
    return {"model": name,
            "layers": [{"class": l.__class__.__name__, "name": l.name,
                        "params": int(l.count_params()),
                        "output_shape": list(l.output.shape[1:])} for l in model.layers],
            "total": int(model.count_params())}


models = []
m = keras.Sequential([keras.Input((100, 1)), layers.LSTM(64), layers.Dense(1, activation="sigmoid")])
models.append(counts("lstm64_dense1", m))
# The blog's example: keep Keras' printed table verbatim (stdout not a terminal: no styling).
buffer = io.StringIO()
with contextlib.redirect_stdout(buffer):
    m.summary()
models[-1]["summary_text"] = buffer.getvalue()
m = keras.Sequential([keras.Input((50, 8)), layers.LSTM(128, return_sequences=True), layers.LSTM(32), layers.Dense(3)])
models.append(counts("stacked_lstm", m))
m = keras.Sequential([keras.Input((20, 3)), layers.SimpleRNN(16), layers.Dense(1)])
models.append(counts("simple_rnn16", m))
m = keras.Sequential([keras.Input((12,)), layers.Embedding(50, 8), layers.LSTM(16), layers.Dense(50)])
models.append(counts("embedding_lstm", m))
inp = keras.Input((10, 16))
mha = layers.MultiHeadAttention(num_heads=1, key_dim=8)
out = mha(inp, inp)
models.append({"model": "self_attention_1head", "layers": [{"class": "MultiHeadAttention", "name": mha.name,
               "params": int(mha.count_params()), "output_shape": list(out.shape[1:])}],
               "total": int(mha.count_params())})
# Added after the others (their entries stay as they were). GRU with Keras' default
# reset_after=True: bias (2, 3u), so 3·(f·u + u·u + 2u) parameters. clear_session() restarts
# Keras' name counters, so the table says "sequential", "gru", "dense" as SeqKit's does.
keras.utils.clear_session()
m = keras.Sequential([keras.Input((100, 1)), layers.GRU(64), layers.Dense(1, activation="sigmoid")])
models.append(counts("gru64_dense1", m))
buffer = io.StringIO()
with contextlib.redirect_stdout(buffer):
    m.summary()
models[-1]["summary_text"] = buffer.getvalue()
m = keras.Sequential([keras.Input((50, 8)), layers.GRU(32, return_sequences=True), layers.GRU(18),
                      layers.Dense(1)])
models.append(counts("stacked_gru", m))

result = {"versions": {"keras": keras.__version__, "backend": keras.backend.backend(),
                       "python": platform.python_version()},
          "models": models}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "keras_summary.json")
with open(path, "w") as f:
    json.dump(result, f, indent=1)
print(json.dumps(result, indent=1))
