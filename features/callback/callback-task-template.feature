Feature: Task template rules for the callback request
  The "Callback request" template decides what the customer queue flow's Create task block
  may put on the task. A field the agent must not edit is made read-only, and then it cannot
  also be required; a read-only field cannot be filled by the Create task block either; a
  field with a default value need not be filled by the block at all.

  Background:
    Given the flows in "features/callback/flows" are published
    And a queue "Customer service"

  Scenario Outline: A phone number field that agents cannot edit must not be required
    When the administrator creates a task template "Callback request draft" for the flow "Callback task" with the fields:
      | field       | type        | required   | editable   | default                              |
      | Name        | name        | yes        | yes        | Callback request                     |
      | Description | description | no         | no         | The customer asked to be called back |
      | PhoneNumber | text        | <required> | <editable> |                                      |
    Then the task template is <outcome>

    Examples:
      | required | editable | outcome                                |
      | yes      | no       | refused for the field "PhoneNumber"    |
      | no       | no       | accepted                               |
      | yes      | yes      | accepted                               |
      | no       | yes      | accepted                               |

  Scenario Outline: The Create task block fills the fields the template lets it fill, the defaults fill the rest
    Given a task template "Callback request" for the flow "Callback task" with the fields:
      | field          | type        | required          | editable | default                              |
      | Name           | name        | yes               | yes      | Callback request                     |
      | Description    | description | no                | no       | The customer asked to be called back |
      | PhoneNumber    | text        | <phone required>  | yes      |                                      |
      | CallbackWindow | text        | <window required> | yes      | Within 2 business hours              |
    And the phone number "+1 555 0100" starts the flow "Callback inbound"
    When a caller from "+15555550123" calls "+15550100"
    And the caller hears "All of our agents are busy"
    And 30 seconds pass
    And the caller presses 2
    Then the caller hears "Thank you. An agent will call you back"
    And a task was created in the queue "Customer service" with:
      | description              | The customer asked to be called back |
      | reference PhoneNumber    | +15555550123                         |
      | reference CallbackWindow | Within 2 business hours              |
      | linked to                | the call                             |

    Examples:
      | phone required | window required |
      | yes            | yes             |
      | no             | no              |

  Scenario Outline: When the template does not let the block fill a field, the caller is told and stays in line
    Given a task template "Callback request" for the flow "Callback task" with the fields:
      | field          | type        | required          | editable         | default          |
      | Name           | name        | yes               | yes              | Callback request |
      | PhoneNumber    | text        | no                | <phone editable> | <phone default>  |
      | CallbackWindow | text        | <window required> | yes              |                  |
    And the phone number "+1 555 0100" starts the flow "Callback inbound"
    When a caller from "+15555550123" calls "+15550100"
    And the caller hears "All of our agents are busy"
    And 30 seconds pass
    And the caller presses 2
    Then the caller hears "Sorry, we could not register your callback request. Please stay on the line."
    And the caller does not hear "Thank you. An agent will call you back"
    And the caller is still waiting in the queue "Customer service"
    And the caller hears "All of our agents are busy" again
    And no task was created for the call

    Examples: the phone number field is read-only
      | phone editable | phone default | window required |
      | no             |               | no              |
      | no             | Unknown       | no              |

    Examples: a required field is neither filled by the block nor has a default
      | phone editable | phone default | window required |
      | yes            |               | yes             |
