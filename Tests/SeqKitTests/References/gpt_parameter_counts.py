"""Parameter counts of chapter 5's two models, built in PyTorch and Keras, for
Tests/SeqKitTests/GPTParameterCountTests.swift. Run once by hand; commit the JSON:

    KERAS_BACKEND=torch python3 Tests/SeqKitTests/References/gpt_parameter_counts.py

The tiny GPT: token embedding (V, d), learned positions (T, d), L pre-norm Transformer blocks
(nn.TransformerEncoderLayer, norm_first=True, GELU, feed-forward width f), a final LayerNorm
and a Linear(d, V) with bias: SeqKit's Embedding, PositionEmbedding, TransformerBlock,
LayerNorm, Dense. The char-LSTM in Keras (one bias per gate, the convention SeqKit follows;
PyTorch's nn.LSTM has two): Embedding(V, E), LSTM(H, return_sequences=True), Dense(V).
Also a post-norm/ReLU block and a block whose heads are narrower than d / heads, for the
count formula's general case (Keras' MultiHeadAttention with key_dim).
"""
import json
import os
import platform

import keras
import torch

V, T = 74, 64                      # vocabulary (Volume I of Pride and Prejudice), context
d, heads, f, L = 48, 4, 192, 2     # the tiny GPT
E, H = 24, 108                     # the char-LSTM


def count(module):
    return sum(p.numel() for p in module.parameters())


class TinyGPT(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.tokens = torch.nn.Embedding(V, d)
        self.positions = torch.nn.Parameter(torch.zeros(T, d))
        self.blocks = torch.nn.ModuleList(
            torch.nn.TransformerEncoderLayer(d, heads, dim_feedforward=f, dropout=0.0,
                                             activation="gelu", batch_first=True,
                                             norm_first=True) for _ in range(L))
        self.norm = torch.nn.LayerNorm(d)
        self.head = torch.nn.Linear(d, V)


gpt = TinyGPT()
block = torch.nn.TransformerEncoderLayer(d, heads, dim_feedforward=f, batch_first=True)

lstm = keras.Sequential([keras.Input((T,)), keras.layers.Embedding(V, E),
                         keras.layers.LSTM(H, return_sequences=True), keras.layers.Dense(V)])

# Keras' MultiHeadAttention with key_dim smaller than d / heads: 3 heads of width 2 on d = 4.
x = keras.Input((5, 4))
mha = keras.layers.MultiHeadAttention(num_heads=3, key_dim=2)
mha(x, x)

reference = {
    "versions": {"torch": torch.__version__, "keras": keras.__version__,
                 "keras_backend": keras.backend.backend(), "python": platform.python_version()},
    "config": {"V": V, "T": T, "d": d, "heads": heads, "f": f, "L": L, "E": E, "H": H},
    "gpt": {"total": count(gpt), "tokens": count(gpt.tokens), "positions": gpt.positions.numel(),
            "block": count(gpt.blocks[0]), "final_norm": count(gpt.norm), "head": count(gpt.head)},
    "post_norm_relu_block": count(block),
    "lstm": {"total": lstm.count_params(),
             "layers": [layer.count_params() for layer in lstm.layers]},
    "mha_heads3_key2_on_4": mha.count_params(),
}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "gpt_parameter_counts.json")
with open(path, "w") as fh:
    json.dump(reference, fh, indent=1)
print(json.dumps(reference))
