export * from './notification/notification';
export * from './preferences/preferences';
export * from './delivery/delivery';
export * from './push/push-subscription';
export * from './mail/mail';
export * from './digest/digest';
export * from './preferences/preferences.decider';
