// A small training run that another package can copy as it is: CI builds this very file inside a
// scratch package that depends on SeqKit by version (no unsafe flags, debug and release), and
// requires its output to equal, byte for byte, what the book's own build prints
// (`swift run seqkit-example`). The last line is a hash of every bit of every trained weight, so
// the comparison covers the whole model, not only the rounded losses.
import SeqKit

// The sum of ten noisy inputs: an LSTM has to carry a running total through time.
var rng = SeededGenerator(seed: 7)
let samples = 256, steps = 10
let x = rng.normalTensor([samples, steps, 1])                        // (batch, time, features)
let y = Tensor(shape: [samples, 1], scalars: (0..<samples).map { i in
    (0..<steps).reduce(Float(0)) { $0 + x[i, $1, 0] } / Float(steps)
})

let model = Sequential(seed: 11, inputShape: [steps, 1]) {
    LSTM(16)
    Dense(1)
}
model.compile(optimizer: Adam(learningRate: 0.01), loss: .meanSquaredError)
let history = model.fit(x, y, epochs: 8, batchSize: 32, verbose: .silent)
for (epoch, loss) in history.loss.enumerated() {
    print("epoch \(epoch + 1)  loss \(fixedDigits(Double(loss), 6))")
}

// FNV-1a over the bit patterns of all weights, in parameter order.
var hash: UInt64 = 0xcbf2_9ce4_8422_2325
for parameter in model.parameters {
    for value in parameter.value.scalars {
        var bits = value.bitPattern
        for _ in 0..<4 {
            hash = (hash ^ UInt64(bits & 0xff)) &* 0x0000_0100_0000_01b3
            bits >>= 8
        }
    }
}
print("weights \(model.parameters.map { $0.value.count }.reduce(0, +)) floats, FNV-1a \(String(hash, radix: 16))")
