import Testing

@Suite struct ProbeChildTests {
    @Test(childOnly("probe")) func probeChild() {
        print("CHILD: hello")
    }

    @Test func probeParent() {
        let r = runChild("probe", function: "probeChild")
        print(r.status, r.output)
        #expect(r.report == ["CHILD: hello"])
    }
}
