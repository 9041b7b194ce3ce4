export * from './screenings';
export * from './flagged-content.processor';
