export * from './screenings';
