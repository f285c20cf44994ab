"""The preview server: rebuild on save, reload every open tab."""
