export * from './completeness.projection';
