"""SeqKit <-> PyTorch round trip through safetensors (run by hand; outputs committed).

Reads roundtrip/seqkit_weights.safetensors (written by SeqKit's seeded training in
SafetensorsRoundTripTests.trainedModel), loads it into the PyTorch twin of
    Sequential { LSTM(4, inputShape: [5, 2]); Dense(1, activation: .sigmoid) }
and predicts on fixed inputs; then trains the twin further in PyTorch, saves the result in
SeqKit's names and layouts as roundtrip/torch_weights.safetensors, and predicts with what it
saved. Writes roundtrip/safetensors_roundtrip.json with the inputs, both predictions and the
versions. Predictions are computed in float64 from the float32 weights (the reference); the
float32 ones are recorded too, for information.

Layout mapping (SeqKit/Keras -> PyTorch):
    LSTM kernel W (F, 4H)            -> weight_ih_l0 = W^T (4H, F), gate blocks i, f, g, o
    LSTM recurrent_kernel U (H, 4H)  -> weight_hh_l0 = U^T (4H, H)
    LSTM bias b (4H)                 -> bias_ih_l0 + bias_hh_l0 = b (load: bias_ih = b, bias_hh = 0)
    Dense kernel (in, units)         -> nn.Linear weight = kernel^T (units, in); bias as is

Run: python3 Tests/SeqKitTests/References/safetensors_roundtrip.py
"""
import json
import os
import platform

import numpy as np
import safetensors
import torch
from safetensors.torch import load_file, save_file

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "roundtrip")
F, H, T = 2, 4, 5
NAMES = {
    "0.lstm.kernel": (F, 4 * H),
    "0.lstm.recurrent_kernel": (H, 4 * H),
    "0.lstm.bias": (4 * H,),
    "1.dense.kernel": (H, 1),
    "1.dense.bias": (1,),
}


def data(samples):
    """x[b, t, f] = ((7b + 3t + 5f) mod 17) / 16 - 1/2, exact in float32; y = sum > 0."""
    x = np.array([[[((7 * b + 3 * t + 5 * f) % 17) / 16 - 0.5 for f in range(F)] for t in range(T)]
                  for b in samples], dtype=np.float32)
    y = (x.reshape(len(samples), -1).sum(axis=1, keepdims=True) > 0).astype(np.float32)
    return torch.from_numpy(x), torch.from_numpy(y)


class Twin(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = torch.nn.LSTM(F, H, batch_first=True)
        self.dense = torch.nn.Linear(H, 1)

    def forward(self, x):
        out, _ = self.lstm(x)
        return torch.sigmoid(self.dense(out[:, -1, :]))

    def load_seqkit(self, tensors):
        """Sets the weights from SeqKit-named tensors (shapes checked)."""
        for name, shape in NAMES.items():
            assert tuple(tensors[name].shape) == shape, (name, tuple(tensors[name].shape), shape)
            assert tensors[name].dtype == torch.float32, (name, tensors[name].dtype)
        assert set(tensors) == set(NAMES), sorted(tensors)
        with torch.no_grad():
            dtype = self.dense.weight.dtype
            self.lstm.weight_ih_l0.copy_(tensors["0.lstm.kernel"].t().to(dtype))
            self.lstm.weight_hh_l0.copy_(tensors["0.lstm.recurrent_kernel"].t().to(dtype))
            self.lstm.bias_ih_l0.copy_(tensors["0.lstm.bias"].to(dtype))
            self.lstm.bias_hh_l0.zero_()
            self.dense.weight.copy_(tensors["1.dense.kernel"].t().to(dtype))
            self.dense.bias.copy_(tensors["1.dense.bias"].to(dtype))

    def seqkit_tensors(self):
        """The weights in SeqKit's names and layouts, float32, contiguous."""
        with torch.no_grad():
            return {
                "0.lstm.kernel": self.lstm.weight_ih_l0.t().float().contiguous(),
                "0.lstm.recurrent_kernel": self.lstm.weight_hh_l0.t().float().contiguous(),
                "0.lstm.bias": (self.lstm.bias_ih_l0 + self.lstm.bias_hh_l0).float().contiguous(),
                "1.dense.kernel": self.dense.weight.t().float().contiguous(),
                "1.dense.bias": self.dense.bias.float().contiguous(),
            }


def predictions(tensors, x):
    """float64 and float32 predictions of the twin holding `tensors`."""
    out = {}
    for dtype in (torch.float64, torch.float32):
        twin = Twin().to(dtype)
        twin.load_seqkit(tensors)
        with torch.no_grad():
            out[dtype] = twin(x.to(dtype))
    return out[torch.float64], out[torch.float32]


def entry(t):
    return {"shape": list(t.shape), "data": [float(v) for v in t.reshape(-1).tolist()]}


def main():
    torch.manual_seed(0)
    x_test, _ = data(range(100, 106))

    seqkit = load_file(os.path.join(HERE, "seqkit_weights.safetensors"))
    seqkit_64, seqkit_32 = predictions(seqkit, x_test)

    # Train further in PyTorch (float32, Adam, full batch) from SeqKit's weights.
    twin = Twin()
    twin.load_seqkit(seqkit)
    x_train, y_train = data(range(0, 64))
    optimizer = torch.optim.Adam(twin.parameters(), lr=0.05)
    for _ in range(20):
        optimizer.zero_grad()
        loss = torch.nn.functional.binary_cross_entropy(twin(x_train), y_train)
        loss.backward()
        optimizer.step()
    written_by = f"torch {torch.__version__}, safetensors {safetensors.__version__}"
    path = os.path.join(HERE, "torch_weights.safetensors")
    save_file(twin.seqkit_tensors(), path, metadata={"written_by": written_by})
    # Predict with what was saved (bias_ih + bias_hh summed in float32), read back from the file.
    torch_64, torch_32 = predictions(load_file(path), x_test)

    result = {
        "generated_by": "Tests/SeqKitTests/References/safetensors_roundtrip.py",
        "versions": {"python": platform.python_version(), "torch": torch.__version__,
                     "safetensors": safetensors.__version__, "numpy": np.__version__},
        "x": entry(x_test),
        "seqkit_weights_torch_predictions": entry(seqkit_64),
        "seqkit_weights_torch_float32_predictions": entry(seqkit_32),
        "torch_weights_torch_predictions": entry(torch_64),
        "torch_weights_torch_float32_predictions": entry(torch_32),
        "torch_final_training_loss": float(loss.detach()),
    }
    with open(os.path.join(HERE, "safetensors_roundtrip.json"), "w") as f:
        json.dump(result, f, indent=1)
        f.write("\n")
    print("max |float64 - float32|:", float((seqkit_64 - seqkit_32.double()).abs().max()),
          float((torch_64 - torch_32.double()).abs().max()))


if __name__ == "__main__":
    main()
