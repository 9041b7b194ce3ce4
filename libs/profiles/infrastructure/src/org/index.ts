export * from './org-nodes.projection';
export * from './mongo-org.read-model';
export * from './org-infrastructure';
