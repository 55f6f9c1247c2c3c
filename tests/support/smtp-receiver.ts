import net from 'node:net';

/** One message as the SMTP receiver took it. */
export interface ReceivedMail {
  from: string;
  to: string[];
  /** Headers and body as sent (dot-stuffing undone). */
  data: string;
}

export interface SmtpReceiver {
  /** smtp://127.0.0.1:<port>, no authentication, no TLS. */
  url: string;
  received: ReceivedMail[];
  close(): Promise<void>;
}

/**
 * Just enough of an SMTP server (RFC 5321: EHLO, MAIL, RCPT, DATA, QUIT) on loopback to take
 * the e-mail a test sends and keep it for inspection.
 */
export async function startSmtpReceiver(): Promise<SmtpReceiver> {
  const received: ReceivedMail[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.setEncoding('utf8');
    let buffer = '';
    let mail: ReceivedMail = { from: '', to: [], data: '' };
    let inData = false;
    const reply = (line: string) => socket.write(`${line}\r\n`);
    const answer = (command: string, line: string): string => {
      switch (command) {
        case 'EHLO':
        case 'HELO':
          return '250 localhost';
        case 'MAIL':
          mail.from = /<(.*)>/.exec(line)?.[1] ?? '';
          return '250 2.1.0 Ok';
        case 'RCPT':
          mail.to.push(/<(.*)>/.exec(line)?.[1] ?? '');
          return '250 2.1.5 Ok';
        case 'DATA':
          inData = true;
          return '354 End data with <CR><LF>.<CR><LF>';
        case 'RSET':
          mail = { from: '', to: [], data: '' };
          return '250 Ok';
        case 'QUIT':
          queueMicrotask(() => socket.end()); // after this reply is written
          return '221 2.0.0 Bye';
        default:
          return '502 5.5.2 Command not implemented';
      }
    };
    reply('220 localhost ESMTP test receiver');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      for (let end = buffer.indexOf('\r\n'); end !== -1; end = buffer.indexOf('\r\n')) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (inData) {
          if (line === '.') {
            inData = false;
            received.push(mail);
            mail = { from: '', to: [], data: '' };
            reply('250 2.0.0 Ok: queued as TEST1');
          } else {
            mail.data += `${line.startsWith('..') ? line.slice(1) : line}\n`;
          }
          continue;
        }
        reply(answer(line.slice(0, 4).toUpperCase(), line));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `smtp://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    received,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
