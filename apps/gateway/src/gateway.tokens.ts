/** The gateway's settings section (GatewaySettings). */
export const GATEWAY_SETTINGS = 'plein:gateway:settings';
