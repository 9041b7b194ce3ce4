import { Button, Label, ListBox, ListBoxItem, Popover, Select, SelectValue, Text } from 'react-aria-components';

export interface SelectOption<K extends string> {
  readonly id: K;
  readonly label: string;
}

/**
 * A labelled choice of one of a few options (a filter, a kind): react-aria's Select, so the label,
 * the description, keyboard use and the listbox's roles come with it. The button shows the chosen
 * option's label; choosing calls `onChange` with its id.
 */
export function SelectField<K extends string>({
  label,
  options,
  value,
  onChange,
  description,
  isDisabled,
  className = 'field',
}: {
  label: string;
  options: readonly SelectOption<K>[];
  value: K | null;
  onChange(value: NoInfer<K>): void;
  description?: string;
  isDisabled?: boolean;
  className?: string;
}) {
  return (
    <Select selectedKey={value} isDisabled={isDisabled ?? false} onSelectionChange={(key) => key !== null && onChange(String(key) as K)} className={className}>
      <Label>{label}</Label>
      <Button className="select">
        <SelectValue />
        <span aria-hidden="true">▾</span>
      </Button>
      {description && <Text slot="description">{description}</Text>}
      <Popover>
        <ListBox className="listbox">
          {options.map((o) => (
            <ListBoxItem key={o.id} id={o.id} className="option">
              {o.label}
            </ListBoxItem>
          ))}
        </ListBox>
      </Popover>
    </Select>
  );
}
