// create-close: TCP socket creation and close. C baseline: baseline/w_create_close.c.

import Sock

/// One op = create an IPv4 TCP socket with Sock (SOCK_NONBLOCK | SOCK_CLOEXEC, as Sock always sets)
/// and close it explicitly. The C baseline does socket() + close() with the same flags.
/// To do: Sock's TCP socket creation and close().
func createClose(_ parameters: RunParameters) -> Measurement {
    notImplemented("create-close", needs: "Sock's TCP socket creation and close")
}
