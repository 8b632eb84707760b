// Callbacks: code that `fit` calls at the start and end of training and of every epoch, as
// Keras' `keras.callbacks`. Three come with SeqKit: `EarlyStopping`, `ModelCheckpoint`, and
// `LambdaCallback` (closures).
//
// Differences from Keras 3, on purpose:
// - epochs are numbered from 1, as in the epoch lines and `History` (Keras passes 0-based ones);
// - a monitored value missing from the logs stops the program with a message (Keras warns and
//   does nothing, which silently turns early stopping off, e.g. "val_loss" without validation);
// - there are no per-batch hooks: training stops at an epoch boundary.

/// Code run by `fit(…, callbacks:)` around training and each epoch.
///
/// Every method has an empty default, so a callback implements only what it needs. `epoch`
/// counts from 1. `logs` holds the epoch's mean "loss", the compiled metrics by their Keras
/// names ("accuracy", "mean_absolute_error", …) and, with validation data, the same with a
/// "val_" prefix. Set `model.stopTraining = true` to end training after the current epoch.
/// An error thrown by a callback ends `fit` and is rethrown by it.
public protocol Callback: AnyObject {
    /// Called once before the first epoch.
    func trainingWillBegin(model: Sequential) throws
    /// Called before each epoch.
    func epochWillBegin(_ epoch: Int, model: Sequential) throws
    /// Called after each epoch with its logs.
    func epochDidEnd(_ epoch: Int, logs: [String: Float], model: Sequential) throws
    /// Called once after the last epoch (or after the epoch that stopped training) with its logs
    /// (empty if no epoch ran).
    func trainingDidEnd(logs: [String: Float], model: Sequential) throws
}

extension Callback {
    /// Does nothing (the default).
    public func trainingWillBegin(model: Sequential) throws {}
    /// Does nothing (the default).
    public func epochWillBegin(_ epoch: Int, model: Sequential) throws {}
    /// Does nothing (the default).
    public func epochDidEnd(_ epoch: Int, logs: [String: Float], model: Sequential) throws {}
    /// Does nothing (the default).
    public func trainingDidEnd(logs: [String: Float], model: Sequential) throws {}
}

/// Whether a monitored quantity should go down or up.
public enum MonitorMode: Sendable, Equatable {
    /// "min" for names ending in "loss" or "error" (e.g. "val_loss", "mean_absolute_error"),
    /// "max" for names containing "accuracy"; any other name needs an explicit mode.
    case auto
    /// Smaller is better.
    case min
    /// Larger is better.
    case max

    /// `.min` or `.max` for `monitor`.
    func resolved(for monitor: String, _ who: String) -> MonitorMode {
        guard self == .auto else { return self }
        if monitor.hasSuffix("loss") || monitor.hasSuffix("error") { return .min }
        if monitor.contains("accuracy") { return .max }
        check(false, "\(who): cannot tell whether \"\(monitor)\" should go down or up: give mode: .min or .max")
        return .min
    }
}

/// The monitored value from an epoch's logs, stopping with the available keys if it is absent.
func monitoredValue(_ monitor: String, _ logs: [String: Float], _ who: String) -> Float {
    guard let v = logs[monitor] else {
        check(false, "\(who): \"\(monitor)\" is not in the epoch logs, which have \(logs.keys.sorted()); "
              + "\"val_…\" keys need validationData or validationSplit")
        return .nan
    }
    return v
}

/// Stops training when a monitored quantity has stopped improving (Keras' `EarlyStopping`).
///
/// After each epoch, the value v of `monitor` is an improvement over the best so far when
/// v < best − minDelta (mode min) or v > best + minDelta (mode max). The epoch counter `wait`
/// counts epochs since the last improvement; when wait ≥ patience (not in the first epoch),
/// training stops and `stoppedEpoch` is set. With `restoreBestWeights`, the weights of the best
/// epoch are put back at the end of training, whether or not it stopped early (Keras 3).
/// A callback object keeps its state across epochs; use a fresh one for each `fit`, or rely on
/// `trainingWillBegin` resetting it.
public final class EarlyStopping: Callback {
    /// The logs key watched, e.g. "val_loss".
    public let monitor: String
    /// The smallest change that counts as an improvement (≥ 0).
    public let minDelta: Float
    /// Epochs without improvement after which training stops.
    public let patience: Int
    /// Whether smaller or larger is better.
    public let mode: MonitorMode
    /// Put back the best epoch's weights when training ends.
    public let restoreBestWeights: Bool

    /// The best value of `monitor` seen (±infinity before the first epoch).
    public private(set) var best: Float = .infinity
    /// The epoch (from 1) with the best value, nil before one was seen.
    public private(set) var bestEpoch: Int?
    /// The epoch (from 1) after which this callback stopped training, nil if it did not.
    public private(set) var stoppedEpoch: Int?
    private var wait = 0
    private var bestWeights: [Tensor]?
    private var direction: MonitorMode = .min

    /// Watches `monitor` (default "val_loss").
    public init(monitor: String = "val_loss", minDelta: Float = 0, patience: Int = 0,
                mode: MonitorMode = .auto, restoreBestWeights: Bool = false) {
        check(minDelta >= 0 && minDelta.isFinite, "EarlyStopping: minDelta must be finite and ≥ 0, got \(minDelta)")
        check(patience >= 0, "EarlyStopping: patience must be ≥ 0, got \(patience)")
        self.monitor = monitor
        self.minDelta = minDelta
        self.patience = patience
        self.mode = mode
        self.restoreBestWeights = restoreBestWeights
        self.direction = mode.resolved(for: monitor, "EarlyStopping")
        self.best = direction == .min ? .infinity : -.infinity
    }

    /// Resets the state, so one object can serve several `fit` calls.
    public func trainingWillBegin(model: Sequential) {
        wait = 0
        stoppedEpoch = nil
        bestEpoch = nil
        bestWeights = nil
        best = direction == .min ? .infinity : -.infinity
    }

    private func isImprovement(_ value: Float, over reference: Float) -> Bool {
        direction == .min ? value + minDelta < reference : value - minDelta > reference
    }

    /// Compares the epoch's `monitor` value with the best; sets `model.stopTraining` when
    /// `patience` epochs have passed without improvement.
    public func epochDidEnd(_ epoch: Int, logs: [String: Float], model: Sequential) {
        let current = monitoredValue(monitor, logs, "EarlyStopping")
        // If no epoch ever improves (e.g. every value is NaN), the first epoch's weights are kept.
        if restoreBestWeights && bestWeights == nil { bestWeights = model.weights }
        wait += 1
        if isImprovement(current, over: best) {
            best = current
            bestEpoch = epoch
            if restoreBestWeights { bestWeights = model.weights }
            wait = 0
            return
        }
        if wait >= patience && epoch > 1 {
            stoppedEpoch = epoch
            model.stopTraining = true
        }
    }

    /// With `restoreBestWeights`, puts back the best epoch's weights.
    public func trainingDidEnd(logs: [String: Float], model: Sequential) {
        if restoreBestWeights, let w = bestWeights { model.weights = w }
    }
}

/// Saves the model's weights (safetensors) after epochs (Keras' `ModelCheckpoint` with
/// `save_weights_only=True`).
///
/// `path` may contain "{epoch}", replaced by the epoch number (from 1). With `saveBestOnly`,
/// a file is written only when `monitor` improves strictly on the best value so far (no
/// `minDelta`, as in Keras); otherwise after every epoch. Each write is atomic (a temporary file
/// in the same folder, then a rename), so a crash never leaves a half-written checkpoint. The
/// file's metadata holds "epoch" and, when monitored, the monitor's value.
public final class ModelCheckpoint: Callback {
    /// Where to write; "{epoch}" is replaced by the epoch number.
    public let path: String
    /// The logs key compared when `saveBestOnly`.
    public let monitor: String
    /// Write only on improvement of `monitor`.
    public let saveBestOnly: Bool
    /// Whether smaller or larger is better.
    public let mode: MonitorMode
    /// The epochs (from 1) after which a file was written, in order.
    public private(set) var savedEpochs: [Int] = []
    /// The best value of `monitor` seen so far.
    public private(set) var best: Float
    private let direction: MonitorMode

    /// Saves to `path` after every epoch, or only when `monitor` improves if `saveBestOnly`.
    public init(path: String, monitor: String = "val_loss", saveBestOnly: Bool = false, mode: MonitorMode = .auto) {
        self.path = path
        self.monitor = monitor
        self.saveBestOnly = saveBestOnly
        self.mode = mode
        // Without saveBestOnly the direction is never used, so any monitor name is accepted.
        self.direction = saveBestOnly ? mode.resolved(for: monitor, "ModelCheckpoint") : .min
        self.best = direction == .min ? .infinity : -.infinity
    }

    /// Resets `savedEpochs` and the best value.
    public func trainingWillBegin(model: Sequential) {
        savedEpochs = []
        best = direction == .min ? .infinity : -.infinity
    }

    /// Writes the weights if due; rethrows the `WeightsFileError` of a failed write.
    public func epochDidEnd(_ epoch: Int, logs: [String: Float], model: Sequential) throws {
        var metadata = ["epoch": "\(epoch)"]
        if saveBestOnly {
            let current = monitoredValue(monitor, logs, "ModelCheckpoint")
            guard direction == .min ? current < best : current > best else { return }
            best = current
            metadata[monitor] = "\(current)"
        }
        let file = path.replacing("{epoch}", with: "\(epoch)")
        try model.saveWeights(to: file, metadata: metadata)
        savedEpochs.append(epoch)
    }
}

/// A callback made of closures (Keras' `LambdaCallback`); omitted ones do nothing.
///
///     let log = LambdaCallback(epochDidEnd: { epoch, logs, _ in print(epoch, logs["loss"]!) })
public final class LambdaCallback: Callback {
    private let willBegin: ((Sequential) throws -> Void)?
    private let epochBegin: ((Int, Sequential) throws -> Void)?
    private let epochEnd: ((Int, [String: Float], Sequential) throws -> Void)?
    private let didEnd: (([String: Float], Sequential) throws -> Void)?

    /// A callback that calls the given closures at the matching moments.
    public init(trainingWillBegin: ((Sequential) throws -> Void)? = nil,
                epochWillBegin: ((Int, Sequential) throws -> Void)? = nil,
                epochDidEnd: ((Int, [String: Float], Sequential) throws -> Void)? = nil,
                trainingDidEnd: (([String: Float], Sequential) throws -> Void)? = nil) {
        self.willBegin = trainingWillBegin
        self.epochBegin = epochWillBegin
        self.epochEnd = epochDidEnd
        self.didEnd = trainingDidEnd
    }

    /// Calls the `trainingWillBegin` closure, if any.
    public func trainingWillBegin(model: Sequential) throws { try willBegin?(model) }
    /// Calls the `epochWillBegin` closure, if any.
    public func epochWillBegin(_ epoch: Int, model: Sequential) throws { try epochBegin?(epoch, model) }
    /// Calls the `epochDidEnd` closure, if any.
    public func epochDidEnd(_ epoch: Int, logs: [String: Float], model: Sequential) throws { try epochEnd?(epoch, logs, model) }
    /// Calls the `trainingDidEnd` closure, if any.
    public func trainingDidEnd(logs: [String: Float], model: Sequential) throws { try didEnd?(logs, model) }
}
