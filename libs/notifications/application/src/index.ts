export * from './ports';
export * from './inbox';
export * from './sources';
export * from './delivery/delivery.ports';
export * from './delivery/delivery.service';
export * from './delivery/push-subscriptions.service';
export * from './preferences.service';
export * from './sources-batch';
