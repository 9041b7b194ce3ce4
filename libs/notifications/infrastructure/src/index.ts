export * from './notifications-event-store';
export * from './notes.projection';
export * from './notifications-infrastructure';
export * from './push/web-push-sender';
export * from './mail/smtp-mailer';
export * from './delivery/mongo-delivery';
export * from './delivery/delivery-processors';
