// A real SMTP server in its own process for the e-mail tests (the `smtp-server` package, not a
// mock): it listens on a free loopback port, prints `LISTENING <port>` once, then one JSON line per
// message received: { from, to: [addresses], raw } with the message as sent on the wire. No TLS and
// no authentication (the test connects over loopback); it runs until its parent kills it.
import { SMTPServer } from 'smtp-server';

const server = new SMTPServer({
  disabledCommands: ['STARTTLS', 'AUTH'],
  authOptional: true,
  logger: false,
  onData(stream, session, callback) {
    const chunks = [];
    stream.on('data', (c) => chunks.push(c));
    stream.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      process.stdout.write(`${JSON.stringify({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : null, to: session.envelope.rcptTo.map((r) => r.address), raw })}\n`);
      callback();
    });
  },
});
server.on('error', (e) => {
  process.stderr.write(`smtp-sink: ${e.message}\n`);
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`LISTENING ${server.server.address().port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
