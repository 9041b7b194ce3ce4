import type { Mailer, OutgoingMail } from '@plein/notifications/application';
import nodemailer, { type Transporter } from 'nodemailer';

export interface SmtpMailerOptions {
  /** smtp://[user:pass@]host:port or smtps://... (nodemailer's connection URL). */
  readonly url: string;
  /** The From address, e.g. `Plein <no-reply@intranet.example.org>`. */
  readonly from: string;
}

/** E-mail over SMTP with nodemailer: one pooled connection set, multipart text + HTML, the headers the caller sets. */
export class SmtpMailer implements Mailer {
  private readonly transport: Transporter;

  constructor(private readonly options: SmtpMailerOptions) {
    this.transport = nodemailer.createTransport(options.url);
  }

  async send(mail: OutgoingMail): Promise<void> {
    await this.transport.sendMail({
      from: this.options.from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      headers: { ...mail.headers },
      messageId: mail.messageId,
    });
  }

  close(): void {
    this.transport.close();
  }
}
