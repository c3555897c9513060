import Autodiff
import Networks
import Testing

@Suite struct ShapeErrors {
    @Test func wrongInputDimensionNamesBoth() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let net = MLP<Double>(inputDimension: 3, hidden: [4])
            _ = net(Tensor<Double>.zeros([2, 5]))
        }
        let text = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("[2, 5]") && text.contains("input dimension 3"), "stderr: \(text)")
    }

    @Test func coordinateOutOfRange() async {
        await #expect(processExitsWith: .failure) {
            var plan = DerivativePlan<Double>(inputDimension: 3)
            _ = plan.partial(3)
        }
    }
}
