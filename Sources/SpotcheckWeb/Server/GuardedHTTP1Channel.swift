import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1

/// Hummingbird's HTTP/1 channel with two guards it lacks:
/// - connections idle (or stuck half-way through a request head) are closed after
///   `idleTimeout`: the decoder hands nothing on until a head is complete, so a client trickling
///   header bytes looks idle and is cut off like one that sends nothing;
/// - an HTTP/1.0 request without `Connection: keep-alive` (and any request whose client asked to
///   close) is answered and then closed. Hummingbird decides by `Connection: close` alone, a
///   header HTTP/1.0 clients never send, so each one used to hold its connection forever.
struct GuardedHTTP1Channel: ServerChildChannel, HTTPChannelHandler {
    typealias Value = HTTP1Channel.Value

    let base: HTTP1Channel

    init(responder: @escaping HTTPChannelHandler.Responder, idleTimeout: TimeAmount) {
        base = HTTP1Channel(responder: responder, configuration: .init(idleTimeout: idleTimeout))
    }

    var responder: HTTPChannelHandler.Responder { base.responder }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        base.setup(channel: channel, logger: logger).flatMapThrowing { value in
            // Right after the decoder, where a head still carries its HTTP version.
            let decoder = try channel.pipeline.syncOperations.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self)
            try channel.pipeline.syncOperations.addHandler(KeepAliveNormalizer(), position: .after(decoder))
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }

    /// The whole server's connection settings, for `Application(server:)`.
    static func builder(idleTimeout: TimeAmount) -> HTTPServerBuilder {
        HTTPServerBuilder { responder in GuardedHTTP1Channel(responder: responder, idleTimeout: idleTimeout) }
    }
}

/// Spells out "close" on every request head that does not keep its connection alive by the
/// rules of its HTTP version, so the layer above (which sees no version) closes after answering.
final class KeepAliveNormalizer: ChannelInboundHandler, RemovableChannelHandler, Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case var .head(head) = unwrapInboundIn(data), !head.isKeepAlive else {
            context.fireChannelRead(data)
            return
        }
        head.headers.replaceOrAdd(name: "connection", value: "close")
        context.fireChannelRead(wrapInboundOut(.head(head)))
    }
}
