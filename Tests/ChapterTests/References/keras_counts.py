"""Keras 3 parameter counts for the models of chapter 3 (chapters/03-lstm.md).

Run once by hand from the repository root and commit the JSON it writes next to this file:

    KERAS_BACKEND=torch python3 Tests/ChapterTests/References/keras_counts.py

Keras needs a backend; TensorFlow is not installed here, PyTorch is. Counting parameters does not
depend on the backend. Each entry lists the layers' parameter counts in order, as summary() shows.
"""
import json
import os
import platform

os.environ.setdefault("KERAS_BACKEND", "torch")
import keras  # noqa: E402
from keras import layers  # noqa: E402


def counts(model):
    return [layer.count_params() for layer in model.layers]


models = {
    # The series' example: LSTM(64) over (timesteps, features) with one feature, then Dense(1).
    "keras_example": keras.Sequential([
        keras.Input(shape=(100, 1)), layers.LSTM(64), layers.Dense(1, activation="sigmoid")]),
    # The rematch on the adding problem: two inputs per step.
    "rematch_rnn": keras.Sequential([keras.Input(shape=(50, 2)), layers.SimpleRNN(32), layers.Dense(1)]),
    "rematch_lstm": keras.Sequential([keras.Input(shape=(50, 2)), layers.LSTM(16), layers.Dense(1)]),
    # The GRU of the chapter (Keras' default reset_after=True, as SeqKit's GRU): the example with
    # GRU(64) in place of LSTM(64), and the rematch's GRU(18).
    "keras_example_gru": keras.Sequential([
        keras.Input(shape=(100, 1)), layers.GRU(64), layers.Dense(1, activation="sigmoid")]),
    "rematch_gru": keras.Sequential([keras.Input(shape=(50, 2)), layers.GRU(18), layers.Dense(1)]),
}
result = {
    "versions": {"python": platform.python_version(), "keras": keras.__version__,
                 "backend": keras.backend.backend()},
    "models": {name: counts(model) for name, model in models.items()},
}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "keras_counts.json")
with open(path, "w") as f:
    json.dump(result, f, indent=1)
    f.write("\n")
print("wrote", path, result["models"])
