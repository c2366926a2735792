#if os(Linux)
import Sock

/// `blast --batch N`: datagrams go out N messages per `sendmmsg(2)`, from a `UDPBatch` that is
/// allocated once; each message carries one datagram, or with `--gso` several segments.
struct BatchSender {
    let batch: UDPBatch
    let datagramSize: Int
    let datagramsPerMessage: Int

    init(messages: Int, datagramSize: Int, datagramsPerMessage: Int) throws(SocketError) {
        batch = try UDPBatch(capacity: messages, messageSize: datagramSize * datagramsPerMessage, controlSize: 0)
        self.datagramSize = datagramSize
        self.datagramsPerMessage = datagramsPerMessage
        for index in 0..<messages {
            batch.buffer(at: index).initializeMemory(as: UInt8.self, repeating: 0x5A)
        }
    }

    /// Numbers `datagrams` datagrams from `first` and sends them; returns how many went (a
    /// partial send stops at a message boundary).
    func send(_ datagrams: Int, from first: UInt64, on conn: UDPConn) throws(SocketError) -> Int {
        let messages = (datagrams + datagramsPerMessage - 1) / datagramsPerMessage
        var sequence = first
        for index in 0..<messages {
            let inMessage = min(datagramsPerMessage, datagrams - index * datagramsPerMessage)
            let buffer = batch.buffer(at: index)
            for segment in 0..<inMessage {
                LoadFormat.write(
                    kind: LoadFormat.dataKind,
                    value: sequence,
                    into: buffer.baseAddress! + segment * datagramSize
                )
                sequence += 1
            }
            try batch.setMessage(at: index, count: inMessage * datagramSize)
        }
        let sent = try conn.sendMessages(batch, count: messages)
        return min(datagrams, sent * datagramsPerMessage)
    }
}

/// `sink --batch N`: up to N datagrams (or GRO super-datagrams) per `recvmmsg(2)`.
struct BatchReceiver {
    let batch: UDPBatch

    init(messages: Int, messageCapacity: Int, controlCapacity: Int) throws(SocketError) {
        batch = try UDPBatch(capacity: messages, messageSize: messageCapacity, controlSize: controlCapacity)
    }

    /// Receives a batch; returns the number of messages.
    func receive(on conn: UDPConn) throws(SocketError) -> Int {
        try conn.receiveMessages(batch)
    }

    /// Message `index` of the last receive: its bytes and, with GRO, its segment size.
    func message(_ index: Int) -> (payload: UnsafeRawBufferPointer, segmentSize: Int?) {
        let message = batch[index]
        return (message.bytes, message.groSegmentSize)
    }
}
#endif
