from notelint.warm_start import main

raise SystemExit(main())
