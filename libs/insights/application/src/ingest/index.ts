export * from './insights-cells.port';
